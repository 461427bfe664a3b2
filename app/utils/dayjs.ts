/** dayjs as Mantine's date pickers use it: Thai locale and Buddhist-era year tokens (BBBB). */
import dayjs from 'dayjs'
import buddhistEra from 'dayjs/plugin/buddhistEra.js'
import 'dayjs/locale/th.js'

dayjs.extend(buddhistEra)

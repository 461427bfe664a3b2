import { createTheme } from '@mantine/core'

/** Sarabun for every text; a taller line height so stacked Thai tone marks are never clipped. */
export const theme = createTheme({
  fontFamily: 'Sarabun, "Noto Sans Thai", system-ui, sans-serif',
  headings: { fontFamily: 'Sarabun, "Noto Sans Thai", system-ui, sans-serif' },
  lineHeights: { xs: '1.6', sm: '1.6', md: '1.65', lg: '1.7', xl: '1.7' },
  primaryColor: 'teal',
  defaultRadius: 'md',
})

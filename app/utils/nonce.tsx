import { createContext, useContext } from 'react'

// why a context: the nonce must reach inline scripts during server rendering, and must not be
// sent in loader data (a nonce readable by page scripts would defeat its purpose)
const NonceContext = createContext('')
export const NonceProvider = NonceContext.Provider
export const useNonce = () => useContext(NonceContext)

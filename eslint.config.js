// ESLint 9 flat config. Prettier owns layout (.prettierrc.json); ESLint checks correctness, hooks,
// accessibility and the one layout rule Prettier cannot enforce: no source line over 120 characters
// (Prettier leaves long strings and comments as they are).
import js from '@eslint/js'
import { util } from 'prettier'
import { defineConfig } from 'eslint/config'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * No source line wider than 120 columns, measured as Prettier measures its print width: a Thai vowel or
 * tone mark written above or below its letter takes no column. `max-len` counts code points instead, so
 * it would refuse Thai lines that Prettier (and every editor) shows well within the width, and Prettier
 * would join again any hand-made split of them.
 */
const maxColumns = {
  meta: {
    type: 'layout',
    schema: [{ type: 'integer' }],
    messages: { wide: 'Line is {{width}} columns wide (at most {{max}}).' },
  },
  create(context) {
    const max = context.options[0] ?? 120
    return {
      Program() {
        context.sourceCode.lines.forEach((line, index) => {
          const width = util.getStringWidth(line)
          if (width > max) {
            context.report({ loc: { line: index + 1, column: 0 }, messageId: 'wide', data: { width, max } })
          }
        })
      },
    }
  },
}

export default defineConfig(
  {
    // build outputs, caches, local service binaries and data files are not source
    ignores: [
      'node_modules/',
      'build/',
      'public/build/',
      '.cache/',
      '.local/',
      'models/catalog/built-in/',
      'scripts/ferretdb/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    // React runs only in app/; elsewhere `use…` names are not hooks (the test kit's useTestDatabase, for one)
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // the two classic hook rules; the plugin's React Compiler rules are left out (the app does not use the compiler)
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    plugins: { house: { rules: { 'max-columns': maxColumns } } },
    rules: {
      'house/max-columns': ['error', 120],
      // a leading underscore marks a deliberately unused binding (e.g. leaving a field out of a rest copy)
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // file names, archive paths and the hostile-input tests match control characters on purpose
      'no-control-regex': 'off',
    },
  },
  {
    // tests read JSON answers loosely: the assertion itself checks the shape
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)

import { expect } from 'vitest'
import { DuijieError, type DuijieErrorCode } from '../../src/index.js'

/**
 * Runs `fn`, expects it to throw a DuijieError with `code`, and returns the error. With `fields`, the
 * error's issues must name exactly those fields (in order).
 */
export function expectDuijieError(fn: () => unknown, code: DuijieErrorCode, fields?: string[]): DuijieError {
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  expect(thrown, 'expected a DuijieError').toBeInstanceOf(DuijieError)
  const error = thrown as DuijieError
  expect(error.code, error.message).toBe(code)
  expect(error.message.startsWith('duijie: ')).toBe(true)
  if (fields) expect(error.issues.map((i) => i.field)).toEqual(fields)
  return error
}

import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { ErrorMessage } from './error-message';

const httpError = (status: number, error: unknown, headers?: Record<string, string>) =>
  new HttpErrorResponse({ status, error, headers: new HttpHeaders(headers) });

describe('ErrorMessage', () => {
  it("uses the message of Nest's error body", () => {
    const err = httpError(409, { statusCode: 409, message: "Counter 'cameras' is finished; reset it first", error: 'Conflict' });
    expect(ErrorMessage.from(err)).toBe("Counter 'cameras' is finished; reset it first.");
  });

  it('joins validation messages into sentences', () => {
    const err = httpError(400, {
      statusCode: 400,
      message: ['name must be a string', 'intervalMs must not be less than 50'],
      error: 'Bad Request',
    });
    expect(ErrorMessage.from(err)).toBe('Name must be a string. IntervalMs must not be less than 50.');
  });

  it('falls back to a message per status when the body has none', () => {
    expect(ErrorMessage.from(httpError(403, null))).toBe('Your role does not allow this action.');
    expect(ErrorMessage.from(httpError(404, 'Not Found'))).toBe('Not found. It may have been deleted.');
    expect(ErrorMessage.from(httpError(418, null))).toBe('Something went wrong. Please try again. (HTTP 418)');
  });

  it('says plainly when the server has no such route', () => {
    const err = httpError(404, { statusCode: 404, message: 'Cannot GET /api/jobs/stats', error: 'Not Found' });
    expect(ErrorMessage.from(err)).toBe('Not available on this server (GET /api/jobs/stats answered 404).');
    const notFound = httpError(404, { statusCode: 404, message: "Counter 'x' not found", error: 'Not Found' });
    expect(ErrorMessage.from(notFound)).toBe("Counter 'x' not found.");
  });

  it('says when the server cannot be reached', () => {
    expect(ErrorMessage.from(httpError(0, new ProgressEvent('error')))).toMatch(/cannot reach the server/i);
  });

  it('never shows a 500 body, whatever it says', () => {
    const err = httpError(500, { statusCode: 500, message: 'TypeError: x is undefined', error: 'Internal Server Error' });
    expect(ErrorMessage.from(err)).toBe('The server had a problem (500). Please try again.');
  });

  it('adds Retry-After to a 429', () => {
    const err = httpError(429, { statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' }, { 'Retry-After': '30' });
    expect(ErrorMessage.from(err)).toBe('Too Many Requests. Retry in 30 s.');
  });

  it('handles plain errors, strings and unknown values', () => {
    expect(ErrorMessage.from(new Error('boom'))).toBe('boom');
    expect(ErrorMessage.from('plain')).toBe('plain');
    expect(ErrorMessage.from(undefined, 'Could not load')).toBe('Could not load');
  });

  it('recognises only well-formed error bodies', () => {
    expect(ErrorMessage.body(httpError(400, { statusCode: 400, message: 'x', error: 'Bad Request' }))).toEqual({
      statusCode: 400,
      message: 'x',
      error: 'Bad Request',
    });
    expect(ErrorMessage.body(httpError(400, { message: 42 }))).toBeNull();
    expect(ErrorMessage.body('text')).toBeNull();
  });
});

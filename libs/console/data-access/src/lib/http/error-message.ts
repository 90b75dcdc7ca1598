import { HttpErrorResponse } from '@angular/common/http';
import { ErrorBody } from '@pulseboard/shared/contracts';

const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  400: 'The request was not valid.',
  401: 'Your session has ended. Please sign in again.',
  403: 'Your role does not allow this action.',
  404: 'Not found. It may have been deleted.',
  409: 'This conflicts with the current state. Reload and try again.',
  413: 'The request is too large.',
  429: 'Too many requests. Please wait a moment and try again.',
  503: 'A service this needs is unavailable right now. Please try again shortly.',
};

/** Turns whatever an API call failed with into one sentence a user can act on. */
export const ErrorMessage = {
  /** Nest's `{ statusCode, message, error }` body, if `value` is one. */
  body(value: unknown): ErrorBody | null {
    const candidate = value instanceof HttpErrorResponse ? value.error : value;
    if (typeof candidate !== 'object' || candidate === null) return null;
    const { statusCode, message } = candidate as Partial<ErrorBody>;
    const messageOk = typeof message === 'string' || (Array.isArray(message) && message.every((m) => typeof m === 'string'));
    return typeof statusCode === 'number' && messageOk ? (candidate as ErrorBody) : null;
  },

  from(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
    if (error instanceof HttpErrorResponse) {
      if (error.status === 0) return 'Cannot reach the server. Check your connection and try again.';
      const rawMessage = ErrorMessage.body(error)?.message;
      // Nest's answer for a route it does not have, e.g. an endpoint this server version lacks.
      const missingRoute = error.status === 404 && typeof rawMessage === 'string' && /^Cannot [A-Z]+ \//.test(rawMessage);
      if (missingRoute) return `Not available on this server (${rawMessage.slice('Cannot '.length)} answered 404).`;
      const fromBody = messageText(rawMessage);
      if (error.status === 429) return withRetryAfter(fromBody ?? STATUS_MESSAGES[429], error);
      // A 5xx body never carries anything a user can act on, whatever it says.
      if (error.status >= 500 && error.status !== 503) return `The server had a problem (${error.status}). Please try again.`;
      return fromBody ?? STATUS_MESSAGES[error.status] ?? `${fallback} (HTTP ${error.status})`;
    }
    if (error instanceof Error && error.message) return error.message;
    if (typeof error === 'string' && error) return error;
    return fallback;
  },
} as const;

function messageText(message: string | string[] | undefined): string | null {
  const parts = (Array.isArray(message) ? message : [message]).filter((m): m is string => !!m && !!m.trim());
  if (!parts.length) return null;
  // class-validator returns one sentence fragment per failed rule.
  return parts.map((part) => sentence(part.trim())).join(' ');
}

function sentence(text: string): string {
  const capitalized = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

function withRetryAfter(message: string, error: HttpErrorResponse): string {
  const seconds = Number(error.headers?.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? `${message} Retry in ${Math.ceil(seconds)} s.` : message;
}

/** The body of every error answer: the Cloudflare-style envelope with one error naming its field. */
export interface ErrorEnvelope {
  success: false;
  errors: Array<{ code: number; message: string; field?: string }>;
  messages: [];
  result: null;
}

/** Builds the error envelope. */
export function errorEnvelope(status: number, message: string, field?: string): ErrorEnvelope {
  return {
    success: false,
    errors: [{ code: status, message, ...(field ? { field } : {}) }],
    messages: [],
    result: null,
  };
}

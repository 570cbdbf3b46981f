/** A warehouse failure with everything needed to act on it; the original stays reachable as `cause`. */
export class WarehouseError extends Error {
  constructor(
    message: string,
    readonly details: { target: string; sql?: string; node?: string; engineCode?: string; cause?: unknown },
  ) {
    const causeMsg = details.cause instanceof Error ? details.cause.message : details.cause ? String(details.cause) : '';
    super(causeMsg && !message.includes(causeMsg) ? `${message}: ${causeMsg}` : message, { cause: details.cause });
    this.name = 'WarehouseError';
  }
}

/**
 * Tickets for asynchronous work where only the newest call may apply its result: a screen
 * asks again before an older, slower reply has come back, and that reply is stale.
 */
export class Latest {
  private issued = 0;

  /** A new ticket; the returned check is true until a newer ticket is taken or `supersede` is called. */
  take(): () => boolean {
    const mine = ++this.issued;
    return () => mine === this.issued;
  }

  /** Whether any ticket was ever taken (or superseded): the screen has asked for something. */
  get started(): boolean {
    return this.issued > 0;
  }

  /** Makes every ticket out stale, for a caller about to take over without a ticket of its own yet. */
  supersede(): void {
    this.issued++;
  }
}

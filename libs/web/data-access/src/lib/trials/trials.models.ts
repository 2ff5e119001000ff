export interface Site {
  readonly code: string;
  readonly name: string;
  readonly [key: string]: unknown;
}

/** A trial as `GET /trials` and `GET /trials/{code}` return it. */
export interface Trial {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly indication: string;
  readonly createdAt: string;
  readonly sites: readonly Site[];
  /** The newest approved protocol version. */
  readonly protocolInForce: number | null;
  readonly latestProtocolVersion: number | null;
}

// A push lease is only worth something while the database server it was taken on still runs: after a crash
// of the whole machine or process group (server and embedded PostgreSQL killed together) no worker of the old
// incarnation can be alive, so its leases are void at once instead of blocking delivery until they run out.
export const name = 'push-lease-epoch';

export const up = String.raw`
ALTER TABLE push_events
  ADD COLUMN lease_epoch timestamptz;  -- pg_postmaster_start_time() when the lease was taken or last renewed
`;

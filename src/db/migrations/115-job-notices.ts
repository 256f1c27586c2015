// A queued job is announced on channel `aicall_jobs` when its transaction commits, so an idle job runner on any
// process starts it at once instead of at its next poll (an import used to wait up to a poll interval before its
// first row). One notice per inserting statement; polling stays as the fallback when notices are not heard.
export const name = 'job-notices';

export const up = String.raw`
CREATE FUNCTION aicall_job_notice() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_notify('aicall_jobs', '');
  RETURN NULL;
END $f$;
CREATE TRIGGER jobs_notice AFTER INSERT ON jobs FOR EACH STATEMENT EXECUTE FUNCTION aicall_job_notice();
`;

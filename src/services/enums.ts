// §4.6 hang-up / end reasons: the values of `fail_recall_of_reason` and the /config end-reason enum.
// One vocabulary with the telephony boundary's call results (src/telephony/call-result.ts).
export { END_REASONS } from '../telephony/call-result.js';

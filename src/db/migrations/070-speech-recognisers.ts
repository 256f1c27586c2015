// Speech recognisers per tenant and per line: the provider's configuration (kind, address, mode, time-outs;
// speech/asr/asr-provider-config.ts) in clear, its secrets (API key, access token) sealed with the server's
// SecretBox. A line uses its own recogniser, else the team's default.
export const name = 'speech-recognisers';

export const up = String.raw`
CREATE TABLE asr_providers (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  name text NOT NULL,
  config jsonb NOT NULL,
  secrets_enc text,                              -- SecretBox-sealed JSON object of secrets; NULL = none
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX asr_providers_team ON asr_providers(team_id);
CREATE UNIQUE INDEX asr_providers_team_default ON asr_providers(team_id) WHERE is_default;
SELECT aicall_enable_tenancy('asr_providers');

ALTER TABLE lines ADD COLUMN asr_provider_id bigint REFERENCES asr_providers(id) ON DELETE SET NULL;
`;

// Layer rules of docs/architecture.md, checked on every `npm run verify` (ESLint checks the same per folder).
const layer = (name, from, to, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    layer('lib-is-leaf', '^src/lib/', '^src/(?!lib/)', 'lib/ imports nothing else of src/'),
    layer('config-only-lib', '^src/config/', '^src/(?!lib/|config/)', 'config/ imports only lib/'),
    layer(
      'db-below-services',
      '^src/(db|repositories)/',
      '^src/(services|http|dialer|robot|app)/',
      'db/repositories never import upward',
    ),
    layer(
      'clients-io-only',
      '^src/clients/',
      '^src/(services|http|db|repositories|app)/',
      'clients/ are plain I/O',
    ),
    layer(
      'services-no-http',
      '^src/services/',
      '^src/(http|app|dialer)/|^src/telephony/(simulator|sip)/',
      'services never see HTTP or telephony implementations',
    ),
    layer(
      'http-via-services',
      '^src/http/',
      '^src/(repositories|db|clients|telephony|robot|dialer|app)/',
      'http/ reaches data only through services',
    ),
    layer(
      'dialer-via-services',
      '^src/dialer/',
      '^src/(repositories|db|http|app)/|^src/telephony/(simulator|sip)/',
      'the dialer uses services and the call-channel interface',
    ),
    layer(
      'robot-is-pure',
      '^src/robot/',
      '^src/(db|repositories|services|http|dialer|app|clients)/',
      'the robot engine is pure',
    ),
    layer(
      'telephony-below',
      '^src/(telephony|speech)/',
      '^src/(services|db|repositories|http|robot|dialer|app)/',
      'telephony/speech know nothing above them',
    ),
    layer('jobs-contract', '^src/jobs/', '^src/(?!lib/|jobs/)', 'jobs/ is a contract'),
    layer('nobody-imports-app', '^src/(?!app/|main\\.ts)', '^src/app/', 'only main.ts imports app/'),
    layer('src-not-test', '^src/', '^test/', 'src never imports test'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};

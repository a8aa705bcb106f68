// natural's storage adapters load dotenv, which prints a tip on each load; the benches want their own output.
// Imported before natural, so the setting is in place when dotenv reads it.
process.env.DOTENV_CONFIG_QUIET ??= 'true'

# Demo values for the simulator only. With a real cloud, never commit a
# password: pass it as DBPLAN_VAR_api_password in the environment instead.
api_password = "Rotated-Api-2026!"
etl_password = "Rotated-Etl-2026!"

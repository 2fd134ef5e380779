# Demo value for the simulator only; use DBPLAN_VAR_app_password for real.
app_password = "Bulk-Demo-Passw0rd"

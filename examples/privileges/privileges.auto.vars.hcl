# Demo values for the simulator only; use DBPLAN_VAR_app_password and
# DBPLAN_VAR_migrator_password for real.
app_password      = "Shop-Demo-Passw0rd"
migrator_password = "Migr-Demo-Passw0rd"

# Demo values for the simulator only; use DBPLAN_VAR_<name> for real.
etl_password = "Etl-Demo-Passw0rd"
bi_password  = "Bi-Demo-Passw0rd1"

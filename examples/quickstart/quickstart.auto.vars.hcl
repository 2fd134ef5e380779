# Demo value for the simulator only. With a real cloud, never commit a
# password: pass it as DBPLAN_VAR_app_password in the environment instead.
app_password = "Quick-Start-Demo-9"

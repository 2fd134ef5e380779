from_file = "not a list" # ERROR: Invalid value for variable
nobody    = 1 # WARNING: Value for undeclared variable

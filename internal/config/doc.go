// Package config loads a dbplan configuration directory into the plain
// desired-state model (Config) and checks everything that can be checked
// offline, reporting problems as hcl.Diagnostics with exact source ranges.
//
// # Files
//
// A configuration is every *.hcl file directly in one directory, read in
// name order. Files ending in .vars.hcl are variable files, not
// configuration: *.auto.vars.hcl files in the directory are loaded
// automatically, others only through LoadOptions.VarFiles (-var-file).
// Files larger than MaxFileSize, or nested deeper than MaxNesting brackets,
// are rejected with a diagnostic before parsing so that hostile input can
// neither exhaust memory nor the stack. Syntax errors in any file end the
// load after parsing (decoding half-parsed files only adds noise); every
// other problem is collected, so one run reports them all.
//
// # Blocks
//
//	provider "tencentcloud" { alias, region, endpoint, rate_limits = { Action = n } }
//	variable "name"         { type, default, description, sensitive, validation { condition, error_message } }
//	locals                  { name = expr ... }
//	postgres_instance "l"   { for_each, instance_id | selector { instance_ids, tags, name_pattern },
//	                          region, provider = tencentcloud.ALIAS, extranet { enabled, ipv6 },
//	                          account "name" { type, password, remark, cam, locked,
//	                                           grant { object_type, database, schema, table, objects, privileges },
//	                                           grants = [ {…same arguments…}, … ] } }
//	postgres_ro_group "l"   { for_each, ro_group_id, master_instance_id, region, provider,
//	                          network { vpc_id, subnet_id, vip } }
//	libradb_cluster "l"     { for_each, cluster_id, region, provider,
//	                          account "name" { host, password, description, max_user_connections,
//	                                           grant { object_type, database, objects, privileges }, grants } }
//
// A grant says the exact privileges an account has on each object it
// names (PostgreSQL: database, schema, table, view, matview, sequence,
// function, procedure, type, column; LibraDB: global, database, table);
// privileges are checked per type, case-insensitively, with ALL
// expanding to every privilege of the type (see Grant).
//
// The three resource blocks accept for_each (a map, or a set of strings)
// with each.key and each.value, and dynamic blocks (hcl ext/dynblock).
// provider is a reference, as in Terraform: provider = tencentcloud.eu.
//
// # Variables
//
// Values are taken, lowest precedence first, from the default, the
// environment variable DBPLAN_VAR_<name>, *.auto.vars.hcl files in name
// order, LoadOptions.VarFiles in order, and LoadOptions.Vars (-var). A
// -var or environment value is taken literally when the variable's type is
// a primitive type (or not given) and parsed as an HCL expression
// otherwise, like Terraform.
//
// # Secrets and modes
//
// Values derived from a sensitive variable, env() or file() carry a cty
// mark and are never printed in a diagnostic (a final pass also redacts
// any diagnostic text that contains such a value). They may only flow into
// password arguments, which become secret.Value; using them anywhere else
// is an error. A password that is not sensitive (a literal, a plain
// variable) is accepted with a warning. Config.Files holds the sources with
// every known secret replaced by asterisks of the same length, so source
// snippets under diagnostics cannot show one either; byte offsets are
// unchanged.
//
// A sensitive variable with no value, or env() of an unset environment
// variable, is allowed in every mode: the password it feeds is left absent
// while Account.PasswordSource still names its origin, so the plan can say
// the password will be required at apply, and apply fails exactly the
// actions that would send it. A non-sensitive variable without a value is
// an error, except in ModeValidate, which needs no value at all.
//
// # Choices on unconfirmed API facts
//
// Account names follow the documented 63-character rule (tencent-api.md
// §7.1); the reserved-keyword list is unknown, so only "postgres" and the
// pg_/tencentdb_ prefixes are refused, case-insensitively. Passwords use the
// documented 28-character special set (§7.2). LibraDB password character
// classes are undocumented, so only the length (8–64) is checked. Ids are
// checked by prefix and charset (postgres-…, pgrogrp-…, libradb-…, vpc-…,
// subnet-…), not by length. Duplicate accounts are compared by exact name,
// as PostgreSQL role names are case-sensitive.
package config

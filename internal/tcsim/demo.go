package tcsim

import _ "embed"

//go:embed demo_world.json
var demoWorld []byte

// DemoWorld returns the built-in demo world `dbplan sim serve` uses when no
// --world is given: two postgres instances in ap-guangzhou
// (postgres-demo0001 "orders-prod" and postgres-demo0002
// "orders-staging"), an RO group pgrogrp-demo0001 with one network, and a
// LibraDB cluster libradb-demo0001 with its root account. It accepts the
// default credentials (DefaultSecretID / DefaultSecretKey).
func DemoWorld() *World {
	w, err := ParseWorld(demoWorld)
	if err != nil {
		panic("tcsim: embedded demo world is invalid: " + err.Error())
	}
	return w
}

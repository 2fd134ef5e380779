package tcsim

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestIntrospection(t *testing.T) {
	f := newFixture(t, Options{Faults: []FaultRule{{Action: "DescribeTasks", Rate: 1, Mode: FaultError}}})
	f.cl.ok("CreateAccount", obj{"DBInstanceId": inst, "UserName": "seen", "Password": "Passw0rd!x", "Type": "normal"})
	f.cl.do("DescribeTasks", obj{})
	get := func(path string) (int, []byte) {
		resp, err := http.Get(f.run.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	status, b := get("/_tcsim/counters")
	var c Counters
	if err := json.Unmarshal(b, &c); status != 200 || err != nil {
		t.Fatalf("counters: %d %s", status, b)
	}
	if c.AccountCreates[inst+"/seen"] != 1 || c.Calls["CreateAccount"] != 1 || c.FaultsByMode[FaultError] != 1 {
		t.Errorf("counters = %+v", c)
	}
	status, b = get("/_tcsim/world")
	w, err := ParseWorld(b)
	if status != 200 || err != nil {
		t.Fatalf("world: %d %v", status, err)
	}
	if strings.Contains(string(b), testKey1) || strings.Contains(string(b), "sts-token-2") {
		t.Error("/_tcsim/world shows a secret key or token")
	}
	if a := findAccount(&w.Instances[0], "seen"); a == nil {
		t.Error("/_tcsim/world lacks the created account")
	}
	if status, _ := get("/_tcsim/nothing"); status != 404 {
		t.Errorf("unknown path: %d", status)
	}
	resp, err := http.Post(f.run.URL+"/_tcsim/counters", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

package apiclient

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// num reads an integer field of a recorded request body (0 when absent).
func num(s seen, field string) int {
	n, _ := s.Body[field].(json.Number)
	v, _ := n.Int64()
	return int(v)
}

// pageOf returns items[offset:offset+limit] (clipped), with limit capped.
func pageOf(total, offset, limit, maxLimit int) (from, to int) {
	if maxLimit > 0 && limit > maxLimit {
		limit = maxLimit
	}
	from, to = min(offset, total), min(offset+limit, total)
	return from, to
}

// pageReq is what a paging request asked for.
type pageReq struct{ Offset, Limit int }

func pageReqs(f *fakeAPI, offsetField, limitField string) []pageReq {
	var out []pageReq
	for _, r := range f.requests() {
		out = append(out, pageReq{num(r, offsetField), num(r, limitField)})
	}
	return out
}

func TestDescribeAllAccounts(t *testing.T) {
	tests := []struct {
		name  string
		total int
		want  []pageReq
	}{
		{"two and a half pages", 250, []pageReq{{0, 100}, {100, 100}, {200, 100}}},
		{"exactly two pages ends on an empty page", 200, []pageReq{{0, 100}, {100, 100}, {200, 100}}},
		{"no accounts", 0, []pageReq{{0, 100}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(s seen) (int, string) {
				from, to := pageOf(tt.total, num(s, "Offset"), num(s, "Limit"), 100)
				var items []string
				for i := from; i < to; i++ {
					items = append(items, fmt.Sprintf(`{"UserName":"u%03d","Status":2}`, i))
				}
				// TotalCount lies: it is the page length, as one reading of the doc allows.
				return 200, okBody(fmt.Sprintf(`"TotalCount":%d,"Details":[%s]`, to-from, strings.Join(items, ",")))
			})
			got, err := f.client(t).DescribeAllAccounts(context.Background(), "postgres-1")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.total {
				t.Fatalf("got %d accounts, want %d", len(got), tt.total)
			}
			for i, a := range got {
				if want := fmt.Sprintf("u%03d", i); a.UserName != want {
					t.Fatalf("account %d is %q, want %q", i, a.UserName, want)
				}
			}
			if diff := cmp.Diff(tt.want, pageReqs(f, "Offset", "Limit")); diff != "" {
				t.Errorf("pages mismatch (-want +got):\n%s", diff)
			}
			for _, r := range f.requests() {
				if r.Body["DBInstanceId"] != "postgres-1" || r.Body["OrderBy"] != "name" || r.Body["OrderByType"] != "asc" {
					t.Errorf("request body %s: want DBInstanceId postgres-1 ordered by name asc", r.Raw)
				}
			}
		})
	}
}

func TestDescribeAllDBInstances(t *testing.T) {
	const total = 150
	f := newFakeAPI(t, func(s seen) (int, string) {
		from, to := pageOf(total, num(s, "Offset"), num(s, "Limit"), 100)
		var items []string
		for i := from; i < to; i++ {
			items = append(items, fmt.Sprintf(`{"DBInstanceId":"postgres-%03d"}`, i))
		}
		return 200, okBody(fmt.Sprintf(`"TotalCount":9999,"DBInstanceSet":[%s]`, strings.Join(items, ",")))
	})
	filters := []Filter{{Name: "db-instance-id", Values: []string{"a", "b"}}}
	got, err := f.client(t).DescribeAllDBInstances(context.Background(), filters)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != total || got[total-1].DBInstanceId != "postgres-149" {
		t.Fatalf("got %d instances (last %+v), want %d ending with postgres-149", len(got), got[len(got)-1], total)
	}
	if diff := cmp.Diff([]pageReq{{0, 100}, {100, 100}}, pageReqs(f, "Offset", "Limit")); diff != "" {
		t.Errorf("pages mismatch (-want +got):\n%s", diff)
	}
	for _, r := range f.requests() {
		if !strings.Contains(r.Raw, `"Filters":[{"Name":"db-instance-id","Values":["a","b"]}]`) {
			t.Errorf("request %s lacks the filters", r.Raw)
		}
	}
}

func TestDescribeAllReadOnlyGroups(t *testing.T) {
	const total = 100
	f := newFakeAPI(t, func(s seen) (int, string) {
		size, page := num(s, "PageSize"), num(s, "PageNumber")
		from, to := pageOf(total, (page-1)*size, size, 99)
		var items []string
		for i := from; i < to; i++ {
			items = append(items, fmt.Sprintf(`{"ReadOnlyGroupId":"pgrogrp-%03d"}`, i))
		}
		return 200, okBody(fmt.Sprintf(`"ReadOnlyGroupList":[%s]`, strings.Join(items, ",")))
	})
	got, err := f.client(t).DescribeAllReadOnlyGroups(context.Background(), "postgres-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != total {
		t.Fatalf("got %d groups, want %d", len(got), total)
	}
	if diff := cmp.Diff([]pageReq{{1, 99}, {2, 99}}, pageReqs(f, "PageNumber", "PageSize")); diff != "" {
		t.Errorf("pages mismatch (-want +got):\n%s", diff)
	}
	for _, r := range f.requests() {
		if !strings.Contains(r.Raw, `"Filters":[{"Name":"db-master-instance-id","Values":["postgres-1"]}]`) {
			t.Errorf("request %s lacks the mandatory master filter", r.Raw)
		}
	}
}

func TestDescribeAllLibraDBClusterAccounts(t *testing.T) {
	tests := []struct {
		name       string
		total      int
		cap        int // server page-size cap (0 = honours 100)
		totalCount func(total int) int
		want       []pageReq
	}{
		{"server caps pages at 20", 45, 20, func(n int) int { return n }, []pageReq{{0, 100}, {20, 100}, {40, 100}}},
		{"TotalCount above the items (doc example)", 1, 0, func(int) int { return 2 }, []pageReq{{0, 100}, {1, 100}}},
		{"TotalCount below the items", 250, 0, func(int) int { return 0 }, []pageReq{{0, 100}, {100, 100}, {200, 100}}},
		{"exact pages end on an empty page", 100, 0, func(n int) int { return n }, []pageReq{{0, 100}, {100, 100}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(s seen) (int, string) {
				from, to := pageOf(tt.total, num(s, "Offset"), num(s, "Limit"), tt.cap)
				var items []string
				for i := from; i < to; i++ {
					items = append(items, fmt.Sprintf(`{"AccountName":"a%03d","Host":"%%"}`, i))
				}
				return 200, okBody(fmt.Sprintf(`"TotalCount":%d,"AccountSet":[%s]`, tt.totalCount(tt.total), strings.Join(items, ",")))
			})
			got, err := f.client(t).DescribeAllLibraDBClusterAccounts(context.Background(), "libradb-1")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.total {
				t.Fatalf("got %d accounts, want %d", len(got), tt.total)
			}
			if diff := cmp.Diff(tt.want, pageReqs(f, "Offset", "Limit")); diff != "" {
				t.Errorf("pages mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDescribeAllLibraDBClusters(t *testing.T) {
	const total = 130
	f := newFakeAPI(t, func(s seen) (int, string) {
		from, to := pageOf(total, num(s, "Offset"), num(s, "Limit"), 50)
		var items []string
		for i := from; i < to; i++ {
			items = append(items, fmt.Sprintf(`{"ClusterId":"libradb-%03d"}`, i))
		}
		return 200, okBody(fmt.Sprintf(`"TotalCount":%d,"ClusterSet":[%s]`, total, strings.Join(items, ",")))
	})
	got, err := f.client(t).DescribeAllLibraDBClusters(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != total {
		t.Fatalf("got %d clusters, want %d", len(got), total)
	}
	if diff := cmp.Diff([]pageReq{{0, 100}, {50, 100}, {100, 100}}, pageReqs(f, "Offset", "Limit")); diff != "" {
		t.Errorf("pages mismatch (-want +got):\n%s", diff)
	}
}

// TestPaginationGivesUp: a server that ignores the offset returns full pages
// forever; every helper stops at the page bound with a clear error.
func TestPaginationGivesUp(t *testing.T) {
	full := func(n int, item string) string {
		items := make([]string, n)
		for i := range items {
			items[i] = item
		}
		return strings.Join(items, ",")
	}
	f := newFakeAPI(t, func(s seen) (int, string) {
		switch s.Action {
		case "DescribeAccounts":
			return 200, okBody(`"Details":[` + full(100, `{"UserName":"u"}`) + `]`)
		case "DescribeDBInstances":
			return 200, okBody(`"DBInstanceSet":[` + full(100, `{"DBInstanceId":"i"}`) + `]`)
		case "DescribeReadOnlyGroups":
			return 200, okBody(`"ReadOnlyGroupList":[` + full(99, `{"ReadOnlyGroupId":"g"}`) + `]`)
		case "DescribeLibraDBClusterAccounts":
			return 200, okBody(`"TotalCount":1000000,"AccountSet":[` + full(100, `{"AccountName":"a"}`) + `]`)
		default:
			return 200, okBody(`"TotalCount":1000000,"ClusterSet":[` + full(100, `{"ClusterId":"c"}`) + `]`)
		}
	})
	c := f.client(t)
	c.sh.maxPages = 3
	ctx := context.Background()
	calls := map[string]func() error{
		"DescribeAccounts":               func() error { _, err := c.DescribeAllAccounts(ctx, "p"); return err },
		"DescribeDBInstances":            func() error { _, err := c.DescribeAllDBInstances(ctx, nil); return err },
		"DescribeReadOnlyGroups":         func() error { _, err := c.DescribeAllReadOnlyGroups(ctx, "p"); return err },
		"DescribeLibraDBClusterAccounts": func() error { _, err := c.DescribeAllLibraDBClusterAccounts(ctx, "c"); return err },
		"DescribeLibraDBClusters":        func() error { _, err := c.DescribeAllLibraDBClusters(ctx); return err },
	}
	for action, call := range calls {
		err := call()
		e, ok := asError(err)
		if !ok || e.Code != CodeClientPagination || e.Action != action {
			t.Errorf("%s: error %v, want %s for that action", action, err, CodeClientPagination)
		}
	}
	if n := len(f.requests()); n != 15 {
		t.Errorf("server saw %d requests, want 3 per helper (15)", n)
	}
}

// TestPaginationStopsOnError: an error on a later page is returned as is.
func TestPaginationStopsOnError(t *testing.T) {
	f := newFakeAPI(t, func(s seen) (int, string) {
		if num(s, "Offset") > 0 {
			return 200, errBody("RequestLimitExceeded", "slow")
		}
		items := make([]string, 100)
		for i := range items {
			items[i] = `{"UserName":"u"}`
		}
		return 200, okBody(`"Details":[` + strings.Join(items, ",") + `]`)
	})
	got, err := f.client(t).DescribeAllAccounts(context.Background(), "postgres-1")
	if got != nil || Classify(err) != Throttled {
		t.Errorf("DescribeAllAccounts = %d accounts, %v; want nil and a throttled error", len(got), err)
	}
}

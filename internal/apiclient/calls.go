package apiclient

import "context"

// Shared pieces of the typed calls: one generic send, the two response
// shapes several actions share, and one pagination loop.

// send makes one call of action (see Client.call) and decodes its Response
// into a new R. As with call, the *R is returned even with an error.
func send[R any](ctx context.Context, c *Client, svc service, action string, req any) (*R, error) {
	var resp R
	return &resp, c.call(ctx, svc, action, req, &resp)
}

// SyncResponse is the response of a synchronous change, which reports
// nothing but its request id.
type SyncResponse struct {
	RequestId string
}

// FlowResponse carries the id of an asynchronous flow. FlowId and TaskId
// name the same task (TaskId is 0 when not reported); poll DescribeTasks
// with it.
type FlowResponse struct {
	FlowId    int64
	TaskId    int64
	RequestId string
}

// allPages gathers every item of a paged Describe action. It asks for pages
// 0, 1, … through fetch, which gets the page index and the number of items
// gathered so far and returns the page's items and whether it was the last.
// More than the client's page limit is an error, so a server that ignores
// the page offset cannot make it loop forever.
func allPages[T any](c *Client, action string, fetch func(page, seen int) (items []T, last bool, err error)) ([]T, error) {
	var all []T
	for page := 0; ; page++ {
		if page >= c.sh.maxPages {
			return nil, c.tooManyPages(action)
		}
		items, last, err := fetch(page, len(all))
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if last {
			return all, nil
		}
	}
}

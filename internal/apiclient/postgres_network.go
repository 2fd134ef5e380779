package apiclient

import "context"

// OpenDBExtranetAccessRequest is the postgres OpenDBExtranetAccess request.
// IsIpv6 is 0 (IPv4, the default, omitted) or 1.
type OpenDBExtranetAccessRequest struct {
	DBInstanceId string
	IsIpv6       int64 `json:",omitempty"`
}

// OpenDBExtranetAccessResponse carries the id of the asynchronous flow.
// FlowId and TaskId name the same task (TaskId is 0 when not reported); poll
// DescribeTasks with it or watch the instance's public DBInstanceNetInfo.
type OpenDBExtranetAccessResponse = FlowResponse

// OpenDBExtranetAccess starts opening the public address of an instance.
func (c *Client) OpenDBExtranetAccess(ctx context.Context, req OpenDBExtranetAccessRequest) (*OpenDBExtranetAccessResponse, error) {
	return send[OpenDBExtranetAccessResponse](ctx, c, postgres, "OpenDBExtranetAccess", req)
}

// CloseDBExtranetAccessRequest is the postgres CloseDBExtranetAccess request.
type CloseDBExtranetAccessRequest struct {
	DBInstanceId string
	IsIpv6       int64 `json:",omitempty"`
}

// CloseDBExtranetAccessResponse carries the id of the asynchronous flow
// (FlowId == TaskId, TaskId 0 when not reported).
type CloseDBExtranetAccessResponse = FlowResponse

// CloseDBExtranetAccess starts closing the public address of an instance.
func (c *Client) CloseDBExtranetAccess(ctx context.Context, req CloseDBExtranetAccessRequest) (*CloseDBExtranetAccessResponse, error) {
	return send[CloseDBExtranetAccessResponse](ctx, c, postgres, "CloseDBExtranetAccess", req)
}

// CreateReadOnlyGroupNetworkAccessRequest adds a VPC network to a read-only
// group. IsAssignVip is always sent; Vip is omitted when empty (the service
// then assigns an address).
type CreateReadOnlyGroupNetworkAccessRequest struct {
	ReadOnlyGroupId string
	VpcId           string
	SubnetId        string
	IsAssignVip     bool
	Vip             string `json:",omitempty"`
}

// CreateReadOnlyGroupNetworkAccessResponse carries the flow id (FlowId ==
// TaskId, TaskId 0 when not reported).
type CreateReadOnlyGroupNetworkAccessResponse = FlowResponse

// CreateReadOnlyGroupNetworkAccess starts adding a network to an RO group.
func (c *Client) CreateReadOnlyGroupNetworkAccess(ctx context.Context, req CreateReadOnlyGroupNetworkAccessRequest) (*CreateReadOnlyGroupNetworkAccessResponse, error) {
	return send[CreateReadOnlyGroupNetworkAccessResponse](ctx, c, postgres, "CreateReadOnlyGroupNetworkAccess", req)
}

// DeleteReadOnlyGroupNetworkAccessRequest removes a network from a read-only
// group; all fields are required (VpcId and SubnetId "0" for classic).
type DeleteReadOnlyGroupNetworkAccessRequest struct {
	ReadOnlyGroupId string
	VpcId           string
	SubnetId        string
	Vip             string
}

// DeleteReadOnlyGroupNetworkAccessResponse carries the flow id (FlowId ==
// TaskId, TaskId 0 when not reported).
type DeleteReadOnlyGroupNetworkAccessResponse = FlowResponse

// DeleteReadOnlyGroupNetworkAccess starts removing a network from an RO group.
func (c *Client) DeleteReadOnlyGroupNetworkAccess(ctx context.Context, req DeleteReadOnlyGroupNetworkAccessRequest) (*DeleteReadOnlyGroupNetworkAccessResponse, error) {
	return send[DeleteReadOnlyGroupNetworkAccessResponse](ctx, c, postgres, "DeleteReadOnlyGroupNetworkAccess", req)
}

// DescribeTasksRequest filters the task list. Zero fields are omitted.
type DescribeTasksRequest struct {
	TaskId       int64  `json:",omitempty"`
	DBInstanceId string `json:",omitempty"`
	MinStartTime string `json:",omitempty"`
	MaxStartTime string `json:",omitempty"`
	Limit        int64  `json:",omitempty"`
	Offset       int64  `json:",omitempty"`
	OrderBy      string `json:",omitempty"`
	OrderByType  string `json:",omitempty"`
}

// Task is one entry of DescribeTasks (wire name TaskSet).
type Task struct {
	TaskId       int64
	TaskType     string
	DBInstanceId string
	StartTime    string
	// EndTime is "" while the task runs.
	EndTime string
	// Status is Running, Success, WaitSwitch, Fail or Pause.
	Status   string
	Progress int64
	// TaskDetail is nil when not reported. Tencent says its steps must not
	// drive key logic.
	TaskDetail *TaskDetail
}

// TaskDetail is a task's step summary.
type TaskDetail struct {
	CurrentStep string
	AllSteps    string
	Input       string
	Output      string
	SwitchTag   int64
	SwitchTime  string
	Message     string
}

// DescribeTasksResponse is one page of tasks.
type DescribeTasksResponse struct {
	TotalCount int64
	TaskSet    []Task
	RequestId  string
}

// DescribeTasks lists asynchronous tasks (FlowId/TaskId of the network calls).
func (c *Client) DescribeTasks(ctx context.Context, req DescribeTasksRequest) (*DescribeTasksResponse, error) {
	return send[DescribeTasksResponse](ctx, c, postgres, "DescribeTasks", req)
}

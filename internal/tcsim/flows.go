package tcsim

import (
	"encoding/json"
	"fmt"
	"time"
)

// Async flows (reference §9). A flow is a Task with a start and an end on
// the simulator clock. While it runs, the instance (extranet) or the RO
// group (networks) is locked and the target net info shows opening or
// closing; once the clock passes End, the next request settles it: the
// net info becomes opened (or closed / removed) and the lock is released.
// Nothing runs in the background, so a fake clock fully controls timing.

// startTaskLocked records a new flow and returns its id.
func (s *Server) startTaskLocked(c *call, t Task, input any) int64 {
	t.ID = c.w.NextTaskID
	c.w.NextTaskID++
	t.Region = c.region
	t.Start = c.now
	t.End = c.now.Add(s.opts.FlowDuration)
	if b, err := json.Marshal(input); err == nil {
		t.Input = string(b)
	}
	c.w.Tasks = append(c.w.Tasks, t)
	c.changed = true
	return t.ID
}

// settleLocked applies every flow of every account that ended by now and
// reports whether the world changed.
func (s *Server) settleLocked(now time.Time) bool {
	changed := false
	for _, w := range s.w.accounts() {
		for i := range w.Tasks {
			t := &w.Tasks[i]
			if t.Done || now.Before(t.End) {
				continue
			}
			w.finishTask(t)
			t.Done = true
			changed = true
		}
	}
	return changed
}

func (w *World) finishTask(t *Task) {
	switch t.Type {
	case "OpenDBExtranetAccess", "CloseDBExtranetAccess":
		in := w.instanceByID(t.InstanceID)
		if in == nil {
			return
		}
		if in.Status == "network changing" {
			in.Status = "running"
		}
		n := publicNet(in, t.IPv6, false)
		if n == nil {
			return
		}
		switch n.Status {
		case "opening":
			n.Status = "opened"
		case "closing":
			n.Status = "closed"
		}
	case "CreateReadOnlyGroupNetworkAccess", "DeleteReadOnlyGroupNetworkAccess":
		g := w.groupByID(t.ROGroupID)
		if g == nil || t.Network == nil {
			return
		}
		if g.Status == "modifying" {
			g.Status = "ok"
		}
		for j := range g.Networks {
			n := &g.Networks[j]
			if !sameNetwork(*n, *t.Network) {
				continue
			}
			if n.Status == "closing" {
				g.Networks = append(g.Networks[:j], g.Networks[j+1:]...)
			} else if n.Status == "opening" {
				n.Status = "opened"
			}
			return
		}
	}
}

func sameNetwork(a, b NetInfo) bool {
	return a.VpcID == b.VpcID && a.SubnetID == b.SubnetID && a.IP == b.IP
}

// publicNet returns the instance's IPv4 or IPv6 public entry; with create,
// a missing IPv6 entry is added (initing).
func publicNet(in *Instance, ipv6, create bool) *NetInfo {
	for i := range in.NetInfos {
		n := &in.NetInfos[i]
		if n.NetType == "public" && n.IPv6 == ipv6 {
			return n
		}
	}
	if !ipv6 || !create {
		return nil
	}
	in.NetInfos = append(in.NetInfos, NetInfo{NetType: "public", Status: "initing", IPv6: true})
	return &in.NetInfos[len(in.NetInfos)-1]
}

func (w *World) instanceByID(id string) *Instance {
	for i := range w.Instances {
		if w.Instances[i].ID == id {
			return &w.Instances[i]
		}
	}
	return nil
}

func (w *World) groupByID(id string) *ROGroup {
	for i := range w.ROGroups {
		if w.ROGroups[i].ID == id {
			return &w.ROGroups[i]
		}
	}
	return nil
}

// taskView is the DescribeTasks TaskSet item.
type taskView struct {
	TaskId       int64
	TaskType     string
	DBInstanceId string
	StartTime    string
	EndTime      string
	Status       string
	Progress     int64
	TaskDetail   taskDetail
}

type taskDetail struct {
	CurrentStep string
	AllSteps    string
	Input       string
	Output      string
	SwitchTag   int64
	SwitchTime  string
	Message     string
}

func (s *Server) renderTask(t Task, now time.Time) taskView {
	v := taskView{
		TaskId: t.ID, TaskType: t.Type, DBInstanceId: t.InstanceID, StartTime: formatWire(t.Start),
		TaskDetail: taskDetail{AllSteps: `["Init","ChangeNetwork","Finish"]`, Input: t.Input},
	}
	if now.Before(t.End) {
		v.Status = "Running"
		total := t.End.Sub(t.Start)
		if total > 0 {
			v.Progress = int64(100 * now.Sub(t.Start) / total)
		}
		v.TaskDetail.CurrentStep = "ChangeNetwork"
		return v
	}
	v.Status, v.Progress, v.EndTime = "Success", 100, formatWire(t.End)
	v.TaskDetail.CurrentStep = "Finish"
	v.TaskDetail.Output = fmt.Sprintf(`{"TaskId":%d}`, t.ID)
	return v
}

package sim

import (
	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/model/orgs"
	"github.com/cartelsim/cartelsim/model/policy"
	"github.com/cartelsim/cartelsim/scenario"
)

// networkDate is the month of the cartel network's snapshot (BACRIM2020):
// splits before it are already in the network as separate groups, so only
// later ones are replayed.
var networkDate = calendar.Of(2020, 1)

// historyTroops adds the troop deployments of the history table, in force
// from their month on, to the scenario's troops.
func (e *engine) historyTroops(t calendar.Month, lv *policy.Levels) {
	for _, h := range e.w.History {
		if h.Kind == data.HistoryDeployment && h.Month <= t {
			lv.Troops[h.State] += h.Troops
		}
	}
}

// historyEvents appends month t's leadership events and splits from the
// history table to the orgs inputs: each removal exactly once, where it
// happened (its group's main state when the table names several states).
func (e *engine) historyEvents(t calendar.Month, in *orgs.Inputs) {
	for _, h := range e.w.History {
		if h.Month != t {
			continue
		}
		var kind orgs.RemovalKind
		switch h.Kind {
		case data.HistoryCapture:
			kind = orgs.Capture
		case data.HistoryExtradition:
			kind = orgs.Extradition
		case data.HistoryKilling:
			kind = orgs.Killing
		case data.HistoryTransfer:
			kind = orgs.Transfer
		case data.HistorySplit:
			if t >= networkDate {
				in.Splits = append(in.Splits, h.Group)
			}
			continue
		default:
			continue
		}
		e.removals = append(e.removals, orgs.Removal{Group: h.Group, State: e.where(h.Group, h.State), Kind: kind, Count: 1, Exact: true})
	}
}

// where is state, or group's main state when state is −1.
func (e *engine) where(group string, state int) int {
	if state >= 0 {
		return state
	}
	i, _ := e.w.Cartels.Index(group)
	return e.w.Cartels.Group(i).State
}

// targetedRemovals turns the levers aimed at a group into expected
// removals of that group, spread over the lever's states (its main state
// when it names none). success is the share of operations that remove
// their target; Mexican operations also scale with enforcement effort,
// extraditions with cooperation and the share of extradited people who
// lead.
func (e *engine) targetedRemovals(lv *policy.Levels, success, coop float64) {
	for _, tg := range lv.Targeted[:lv.NumTargeted] {
		var kind orgs.RemovalKind
		n := tg.PerYear / 12
		switch tg.Kind {
		case scenario.MexicoCaptures:
			kind, n = orgs.Capture, n*success*e.sd.Effort
		case scenario.MexicoArrests:
			kind, n = orgs.MidLevelArrest, n*success*e.sd.Effort
		case scenario.USStrikeLeadership:
			kind, n = orgs.Killing, n*success
		case scenario.Extraditions:
			kind, n = orgs.Extradition, n*e.pv.ExtraditionLead*coop
		default:
			continue
		}
		placed := false
		for s, sh := range tg.Share {
			if sh > 0 {
				e.removals = append(e.removals, orgs.Removal{Group: tg.Group, State: s, Kind: kind, Count: n * sh})
				placed = true
			}
		}
		if !placed {
			e.removals = append(e.removals, orgs.Removal{Group: tg.Group, State: e.where(tg.Group, -1), Kind: kind, Count: n})
		}
	}
}

// Package policy turns a scenario's levers into the level of every lever in
// force in a given month.
//
// Levers are policies at the level public debate discusses them: troops in a
// state, a share of vehicles scanned at a field office or a port of entry,
// strikes per year in producing states. Overlapping levers of one kind add
// up, capped at the kind's maximum. The module holds no behaviour of its own: what a lever does
// is decided by the modules that read its level, with parameters in the
// registry.
package policy

// Package sim is the engine: it owns the clock, the random streams and the
// order in which the model modules step, wires each module's outputs into
// the next one's inputs, and hands every observed quantity to a Recorder.
//
// Each month the modules step in a fixed order:
//
//	policy → diplomacy → supply → routes → border → market → health → orgs → violence
//
// A run is a pure function of (model version, scenario, parameters, seed,
// run index): the same inputs give byte-identical output.
package sim

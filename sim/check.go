package sim

// Check reports whether cfg's parameters meet every module's constraints
// (for example lab capacity below its ceiling) without running it.
// Ensembles use it to redraw parameter vectors that the model refuses, so
// draws follow the prior truncated to the model's valid region.
func Check(w *World, cfg Config) error {
	_, err := newEngine(w, cfg)
	return err
}

package util

// Local is this module's util.
func Local() string { return "local" }

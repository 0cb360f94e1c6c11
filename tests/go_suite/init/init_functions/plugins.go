package main

func init() {
	loadPlugins()
}

func loadPlugins() {
	register("plugin")
}

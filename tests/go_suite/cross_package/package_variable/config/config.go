package config

type Config struct{ path string }

func (c *Config) Load() {}

var Default = &Config{path: "app.yaml"}

func Reset() {
	Default = &Config{}
	Default.Load()
}

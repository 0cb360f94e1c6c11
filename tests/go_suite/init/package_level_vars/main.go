package main

var config = loadConfig()

type Config struct{}

func (c *Config) Port() int { return 80 }

func loadConfig() *Config { return &Config{} }

func main() {
	config.Port()
}

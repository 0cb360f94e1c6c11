//go:build unix

package main

type conn struct{}

func (c conn) close() {}

func dial(host string) {
	unixSocket()
}

func unixSocket() {}

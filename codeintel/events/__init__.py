"""Events of the pipeline and the bus that carries them (in-process, or Redis Streams)."""

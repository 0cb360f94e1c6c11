package client

type Client struct{ base string }

func New(base string) *Client {
	return &Client{base: base}
}

func (c *Client) Get(path string) string {
	return c.url(path)
}

func (c *Client) url(path string) string { return c.base + path }

func (c *Client) Close() {}

package repo

type Repo struct{}

func New() *Repo { return &Repo{} }

func (r *Repo) Save(key string) {}

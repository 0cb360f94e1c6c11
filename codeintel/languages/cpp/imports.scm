; `#include` directives, `using namespace ns;`, `using ns::name;`, aliases and typedefs.
(preproc_include) @include
(using_declaration) @using
(alias_declaration) @alias
(type_definition) @typedef
(namespace_alias_definition) @namespace_alias

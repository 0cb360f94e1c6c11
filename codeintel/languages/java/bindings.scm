; Declarations the resolver reads static types from.
(formal_parameter) @param
(spread_parameter) @param
(catch_formal_parameter) @catch
(local_variable_declaration) @local
(field_declaration) @field
(enhanced_for_statement) @foreach
(resource) @resource
(lambda_expression parameters: (identifier) @lambda_param)
(inferred_parameters (identifier) @lambda_param)
(instanceof_expression name: (identifier)) @instanceof

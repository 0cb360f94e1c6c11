; Every import declaration: single-type, on-demand (`.*`), static and static on-demand.
(import_declaration) @import

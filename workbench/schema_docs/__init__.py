"""Schema documentation: Markdown pages with Mermaid ER diagrams and RLS sections (no UI imports).

- `graph`: the documented tables, their foreign keys as relationships (cardinality,
  optionality, identifying) and each table's neighbours; `diagram_groups` splits large schemas
  into diagrams of bounded size.
- `mermaid`: entity names, attributes and relationships written so Mermaid's
  erDiagram parser takes them whatever the database names are.
- `markdown`, `file_names`: literal text in Markdown, and file names for tables.
- `policy_words`, `rls_section`: each policy in plain words; the access matrix from
  the effective-access model (`workbench.rls.access`) and the table's lint findings.
- `pages`, `readme`, `build`: the pages; `build_docs(catalog)` maps file names to text.
- `output`: write the pages into a directory in place, or check it against them.
"""

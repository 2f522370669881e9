//! Tables of figures: a header and rows of cells, printed as aligned text or as Markdown (numeric columns
//! right-aligned). Shared by `corpus` and `bench`.

/// A table: a header and rows of cells, rendered as aligned text or as Markdown.
#[derive(Debug)]
pub struct Table {
    header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table { header: header.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new() }
    }

    /// Whether a column holds numbers (or `-`, or fractions like `3/4`), so it is right-aligned.
    fn numeric(&self, column: usize) -> bool {
        self.rows
            .iter()
            .filter_map(|row| row.get(column))
            .all(|cell| cell.is_empty() || cell == "-" || cell.split('/').all(|part| part.parse::<f64>().is_ok()))
    }

    pub fn text(&self) -> String {
        let numeric: Vec<bool> = (0..self.header.len()).map(|i| self.numeric(i)).collect();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(
                    |(i, (cell, width))| if numeric[i] { format!("{cell:>width$}") } else { format!("{cell:<width$}") },
                )
                .collect();
            padded.join("  ").trim_end().to_owned()
        };
        let mut out = line(&self.header);
        out.push('\n');
        out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
        for row in &self.rows {
            out.push('\n');
            out.push_str(&line(row));
        }
        out
    }

    pub fn markdown(&self) -> String {
        let escape = |cell: &String| cell.replace('|', "\\|");
        let mut out = format!("| {} |\n", self.header.iter().map(escape).collect::<Vec<_>>().join(" | "));
        let align: Vec<&str> = (0..self.header.len()).map(|i| if self.numeric(i) { "--:" } else { ":--" }).collect();
        out.push_str(&format!("| {} |\n", align.join(" | ")));
        for row in &self.rows {
            out.push_str(&format!("| {} |\n", row.iter().map(escape).collect::<Vec<_>>().join(" | ")));
        }
        out
    }
}

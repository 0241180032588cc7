//! Charts drawn by the server as inline SVG: horizontal bars (one value per labelled row) and
//! lines (one or more series over categories such as days or weeks).
//!
//! Written by hand rather than with a plotting crate: two chart kinds of a few dozen elements
//! each need no dependency, and the markup must meet the page's rules, which a crate would not
//! know: no `style` attribute (the content security policy has no `unsafe-inline`), an
//! accessible name (`role="img"`, `<title>` and `<desc>` named by `aria-labelledby`), and no
//! meaning by colour alone (every bar carries its value as text; every series has its own marker
//! shape and dash pattern, shown in the legend beside its name). The colours are dark enough
//! for 3:1 contrast against the white page (WCAG 1.4.11). The data itself is in the table the
//! page shows beside each chart; the chart is its picture.

use std::fmt::Write;

use crate::web::lang::t;

/// Width of the drawing (the SVG scales to its box; the text stays readable down to 390 px).
const WIDTH: f64 = 640.0;

/// The series' colours, each with at least 3:1 contrast to white.
const COLOURS: [&str; 6] = ["#0b4f8a", "#a4161a", "#1b6b3a", "#5c2d91", "#7a4a00", "#1b1b1b"];

/// The series' dash patterns (empty: solid).
const DASHES: [&str; 6] = ["", "8 4", "2 3", "10 3 2 3", "4 4", "1 2"];

/// The text colour.
const INK: &str = "#1b1b1b";

/// A chart's accessible name and description, and the id its elements are named from.
#[derive(Debug, Clone)]
pub struct Caption {
    /// A unique id on the page (letters, digits and `-` only).
    pub id: String,
    /// The chart's name (its `<title>`).
    pub title: String,
    /// What it shows, in a sentence or two (its `<desc>`).
    pub description: String,
}

/// One bar: its label, its value and the value as shown.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The row's label.
    pub label: String,
    /// The value (negative and non-finite values are drawn as 0).
    pub value: f64,
    /// The value as the chart writes it at the bar's end ("12", "37,5 %").
    pub text: String,
}

/// One line of a line chart.
#[derive(Debug, Clone)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// One value per category; `None` where it has none (the line is broken there).
    pub values: Vec<Option<f64>>,
}

/// What a line chart shows.
#[derive(Debug, Clone)]
pub struct Lines {
    /// The categories along the x axis (days, weeks).
    pub categories: Vec<String>,
    /// The lines.
    pub series: Vec<Series>,
    /// The top of the y axis; `None` fits the largest value.
    pub max: Option<f64>,
    /// Written after each y axis value (`" %"`, or nothing).
    pub unit: &'static str,
}

/// Text escaped for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A label cut to `max` characters with an ellipsis (the table beside the chart has it whole).
fn shortened(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_owned();
    }
    let kept: String = label.chars().take(max.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// A value fit for drawing: finite and not negative.
fn drawable(value: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value
    } else {
        0.0
    }
}

/// The opening `<svg>` with its title and description.
fn open(caption: &Caption, height: f64) -> String {
    let id = &caption.id;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\" \
         font-size=\"15\" fill=\"{INK}\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(&caption.title),
        escape(&caption.description)
    )
}

/// The chart of no data: its name and a sentence saying so.
fn empty(caption: &Caption) -> String {
    let mut svg = open(caption, 60.0);
    let _ = write!(svg, "<text x=\"10\" y=\"35\">{}</text></svg>", escape(t("Ingen data i perioden")));
    svg
}

/// Horizontal bars, one row per bar, each with its label before it and its value after it.
pub fn bar_chart(caption: &Caption, bars: &[Bar]) -> String {
    if bars.is_empty() {
        return empty(caption);
    }
    let (row, label_width, value_width) = (28.0, 220.0, 70.0);
    let plot = WIDTH - label_width - value_width;
    let height = row * bars.len() as f64 + 10.0;
    let max = bars.iter().map(|bar| drawable(bar.value)).fold(0.0, f64::max);
    let mut svg = open(caption, height);
    let _ = write!(
        svg,
        "<line x1=\"{label_width}\" y1=\"0\" x2=\"{label_width}\" y2=\"{height}\" stroke=\"{INK}\"/>"
    );
    for (index, bar) in bars.iter().enumerate() {
        let top = 5.0 + row * index as f64;
        let width = if max > 0.0 { drawable(bar.value) / max * plot } else { 0.0 };
        let middle = top + row / 2.0 + 4.0;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{middle:.1}\" text-anchor=\"end\">{}</text>\
             <rect class=\"bar\" x=\"{label_width}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{:.1}\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{middle:.1}\">{}</text>",
            label_width - 6.0,
            escape(&shortened(&bar.label, 26)),
            top + 3.0,
            row - 6.0,
            COLOURS[0],
            label_width + width + 6.0,
            escape(&bar.text)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A round number at or above `value` for the top of an axis (1, 2 or 5 times a power of ten).
fn nice_top(value: f64) -> f64 {
    if value <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|step| step * power).find(|top| *top >= value).unwrap_or(value)
}

/// A y axis value as written beside the axis: whole numbers, or one decimal with a comma.
fn axis_value(value: f64, unit: &str) -> String {
    let text = if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}").replace('.', ",")
    };
    format!("{text}{unit}")
}

/// The marker of series `index` at `(x, y)`: a circle, square, triangle, diamond, cross or ring.
fn marker(index: usize, (x, y): (f64, f64), colour: &str) -> String {
    match index % 6 {
        0 => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{colour}\"/>"),
        1 => format!("<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"{colour}\"/>", x - 4.0, y - 4.0),
        2 => format!(
            "<path d=\"M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z\" fill=\"{colour}\"/>",
            y - 5.0,
            x + 5.0,
            y + 4.0,
            x - 5.0,
            y + 4.0
        ),
        3 => format!(
            "<path d=\"M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z\" fill=\"{colour}\"/>",
            y - 5.0,
            x + 5.0,
            y + 5.0,
            x - 5.0
        ),
        4 => format!(
            "<path d=\"M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>",
            x - 4.0,
            y - 4.0,
            x + 4.0,
            y + 4.0,
            x - 4.0,
            y + 4.0,
            x + 4.0,
            y - 4.0
        ),
        _ => format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#ffffff\" stroke=\"{colour}\" stroke-width=\"2\"/>"
        ),
    }
}

/// The dash attribute of series `index` (none for a solid line).
fn dash(index: usize) -> String {
    match DASHES[index % DASHES.len()] {
        "" => String::new(),
        pattern => format!(" stroke-dasharray=\"{pattern}\""),
    }
}

/// Lines over categories, with a y axis of five steps, the categories' labels (every few of
/// them when there are many) and a legend naming each series beside its marker and dash.
pub fn line_chart(caption: &Caption, lines: &Lines) -> String {
    let has_values = lines.series.iter().any(|series| series.values.iter().any(Option::is_some));
    if lines.categories.is_empty() || !has_values {
        return empty(caption);
    }
    let (left, right, top, plot_height) = (60.0, 40.0, 12.0, 200.0);
    let legend_top = top + plot_height + 44.0;
    let height = legend_top + 22.0 * lines.series.len() as f64;
    let largest = lines.series.iter().flat_map(|s| s.values.iter().flatten()).map(|v| drawable(*v));
    let max = lines.max.unwrap_or_else(|| nice_top(largest.fold(0.0, f64::max)));
    let max = if max > 0.0 { max } else { 1.0 };
    let plot_width = WIDTH - left - right;
    let count = lines.categories.len();
    let x_of = |index: usize| {
        if count == 1 {
            left + plot_width / 2.0
        } else {
            left + plot_width * index as f64 / (count - 1) as f64
        }
    };
    let y_of = |value: f64| top + plot_height - drawable(value).min(max) / max * plot_height;
    let mut svg = open(caption, height);
    for step in 0..=4 {
        let value = max * f64::from(step) / 4.0;
        let y = y_of(value);
        let _ = write!(
            svg,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#8a8a8a\" stroke-width=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - right,
            if step == 0 { 2 } else { 1 },
            left - 6.0,
            y + 4.0,
            escape(&axis_value(value, lines.unit))
        );
    }
    let every = count.div_ceil(8).max(1);
    for (index, category) in lines.categories.iter().enumerate().filter(|(index, _)| index % every == 0) {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x_of(index),
            top + plot_height + 20.0,
            escape(&shortened(category, 12))
        );
    }
    for (number, series) in lines.series.iter().enumerate() {
        let colour = COLOURS[number % COLOURS.len()];
        let mut path = String::new();
        let mut markers = String::new();
        let mut drawing = false;
        for (index, value) in series.values.iter().enumerate().take(count) {
            let Some(value) = value else {
                drawing = false;
                continue;
            };
            let point = (x_of(index), y_of(*value));
            let _ = write!(path, "{}{:.1} {:.1}", if drawing { "L" } else { "M" }, point.0, point.1);
            drawing = true;
            markers.push_str(&marker(number, point, colour));
        }
        let _ = write!(
            svg,
            "<g class=\"series\"><path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{}/>{markers}</g>",
            dash(number)
        );
        let y = legend_top + 22.0 * number as f64;
        let _ = write!(
            svg,
            "<g class=\"legend\"><line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" \
             stroke-width=\"2\"{}/>{}<text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            left + 36.0,
            dash(number),
            marker(number, (left + 18.0, y), colour),
            left + 46.0,
            y + 4.0,
            escape(&series.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

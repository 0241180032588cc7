//! The reports' SVG charts (`planner::web::reports::chart`), without a server: well-formed XML
//! with an accessible name, bars proportional to their values, every bar's value and every
//! series' name written out (not told by colour alone), text escaped, and no data drawn as a
//! sentence rather than an empty box.

use planner::web::reports::chart::{bar_chart, line_chart, Bar, Caption, Lines, Series};

fn caption() -> Caption {
    Caption {
        id: "diagram-test".into(),
        title: "Bookinger & <aflysninger>".into(),
        description: "Pr. dag.".into(),
    }
}

/// Parses `svg` and checks what every chart has: the SVG namespace, `role="img"` named by its
/// title and description, and no `style` attribute (the page's CSP forbids inline styles).
fn parsed(svg: &str) -> roxmltree::Document<'_> {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML ({e}): {svg}"));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("aria-labelledby"), Some("diagram-test-title diagram-test-desc"));
    let title = document.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(
        (title.attribute("id"), title.text()),
        (Some("diagram-test-title"), Some("Bookinger & <aflysninger>"))
    );
    let desc = document.descendants().find(|n| n.has_tag_name("desc")).unwrap();
    assert_eq!(desc.attribute("id"), Some("diagram-test-desc"));
    assert!(document.descendants().all(|n| n.attribute("style").is_none()), "no style attribute");
    document
}

fn texts(document: &roxmltree::Document<'_>) -> Vec<String> {
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::to_owned)
        .collect()
}

fn bar(label: &str, value: f64) -> Bar {
    Bar { label: label.into(), value, text: format!("{value}") }
}

#[test]
fn bars_are_proportional_and_labelled() {
    let bars = [bar("Jobsamtale", 10.0), bar("Info <møde>", 5.0), bar("Ingen", 0.0), bar("Negativ", -3.0)];
    let svg = bar_chart(&caption(), &bars);
    let document = parsed(&svg);
    let widths: Vec<f64> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("bar"))
        .map(|n| n.attribute("width").unwrap().parse().unwrap())
        .collect();
    assert_eq!(widths.len(), 4);
    assert!(widths[0] > 0.0 && (widths[1] * 2.0 - widths[0]).abs() < 0.2, "{widths:?}");
    assert_eq!(widths[2..], [0.0, 0.0], "zero and negative values draw no bar");
    let texts = texts(&document);
    for expected in ["Jobsamtale", "Info <møde>", "10", "5", "0", "-3"] {
        assert!(texts.iter().any(|t| t == expected), "{expected} in {texts:?}");
    }
}

#[test]
fn a_long_label_is_shortened_and_its_value_kept() {
    let svg = bar_chart(&caption(), &[bar(&"Meget langt navn på et mødetilbud ".repeat(3), 1.0)]);
    let texts = texts(&parsed(&svg));
    assert!(texts.iter().any(|t| t.ends_with('…') && t.chars().count() == 26), "{texts:?}");
}

#[test]
fn lines_have_a_marker_per_value_and_a_legend_per_series() {
    let lines = Lines {
        categories: vec!["Uge 9".into(), "Uge 10".into(), "Uge 11".into()],
        series: vec![
            Series { name: "Udeblevne (%)".into(), values: vec![Some(50.0), None, Some(25.0)] },
            Series { name: "Selvbooket (%)".into(), values: vec![Some(80.0), Some(100.0), Some(0.0)] },
        ],
        max: Some(100.0),
        unit: " %",
    };
    let svg = line_chart(&caption(), &lines);
    let document = parsed(&svg);
    let series: Vec<_> = document.descendants().filter(|n| n.attribute("class") == Some("series")).collect();
    assert_eq!(series.len(), 2);
    let path = series[0].children().find(|n| n.has_tag_name("path")).unwrap().attribute("d").unwrap();
    assert_eq!(path.matches('M').count(), 2, "the line breaks where a value is missing: {path}");
    assert_eq!(series[0].children().count(), 3, "the line and a marker per value");
    let second = series[1].children().find(|n| n.has_tag_name("path")).unwrap();
    assert!(second.attribute("stroke-dasharray").is_some(), "the second series is dashed");
    let texts = texts(&document);
    for expected in ["Udeblevne (%)", "Selvbooket (%)", "100 %", "0 %", "Uge 10"] {
        assert!(texts.iter().any(|t| t == expected), "{expected} in {texts:?}");
    }
    // 100 % lies at the top of the plot, 0 % at its bottom, 50 % half way.
    let d = second.attribute("d").unwrap();
    let ys: Vec<f64> = d
        .split(['M', 'L'])
        .filter(|p| !p.is_empty())
        .map(|p| p.split(' ').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(
        (ys[1] - 12.0).abs() < 0.1 && (ys[2] - 212.0).abs() < 0.1 && (ys[0] - 52.0).abs() < 0.1,
        "{ys:?}"
    );
}

#[test]
fn no_data_is_said_in_words() {
    for svg in [
        bar_chart(&caption(), &[]),
        line_chart(
            &caption(),
            &Lines {
                categories: vec!["Uge 9".into()],
                series: vec![Series { name: "A".into(), values: vec![None] }],
                max: None,
                unit: "",
            },
        ),
        line_chart(&caption(), &Lines { categories: Vec::new(), series: Vec::new(), max: None, unit: "" }),
    ] {
        let document = parsed(&svg);
        assert_eq!(texts(&document), ["Ingen data i perioden"]);
    }
}

#[test]
fn a_single_category_and_all_zero_values_are_drawn() {
    let lines = Lines {
        categories: vec!["01.03".into()],
        series: vec![Series { name: "Bookinger".into(), values: vec![Some(0.0)] }],
        max: None,
        unit: "",
    };
    let svg = line_chart(&caption(), &lines);
    let document = parsed(&svg);
    assert!(texts(&document).iter().any(|t| t == "01.03"));
    let svg = bar_chart(&caption(), &[bar("A", 0.0)]);
    parsed(&svg);
}

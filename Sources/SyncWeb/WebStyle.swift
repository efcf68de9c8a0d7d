/// The one stylesheet, served from the node itself (`/static/style.css`) so
/// the Content-Security-Policy can forbid every other source. Readable on a
/// phone (fluid width), in dark mode, and in print (no navigation or forms).
package enum WebStyle {
    package static let css = """
        :root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fff; --muted: #555; --line: #ccc; --accent: #0b5394; --mark: #fff3a3; }
        @media (prefers-color-scheme: dark) { :root { --fg: #eee; --bg: #161616; --muted: #aaa; --line: #444; --accent: #8ab4f8; --mark: #5c4a00; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
        header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem; }
        header { border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
        header .site { font-weight: 700; font-size: 1.2rem; text-decoration: none; }
        nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
        form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
        label { display: flex; flex-direction: column; font-size: .9rem; color: var(--muted); }
        input, select, button { font: inherit; padding: .3rem .5rem; max-width: 100%; }
        .results { list-style: none; padding: 0; }
        .results li { border-bottom: 1px solid var(--line); padding: .75rem 0; }
        .results h3 { margin: 0 0 .25rem; font-size: 1.1rem; }
        .meta { color: var(--muted); font-size: .9rem; margin: .25rem 0; }
        .tags { display: inline; padding: 0; }
        .tags li { display: inline; margin-right: .5rem; }
        mark { background: var(--mark); color: inherit; }
        .badge { border: 1px solid currentColor; border-radius: .25rem; padding: 0 .3rem; font-size: .8rem; }
        dl.fields { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .25rem 1rem; }
        dl.fields dt { font-weight: 600; }
        dl.fields dd { margin: 0; overflow-wrap: anywhere; }
        .versions { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
        .versions section { border: 1px solid var(--line); padding: .5rem 1rem; }
        .note { border-left: 4px solid var(--accent); padding: .5rem 1rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); }
        .pager { display: flex; justify-content: space-between; margin: 1rem 0; }
        footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; }
        @media print {
          header nav, header form, .filters, .pager, .skip, footer { display: none; }
          body { color: #000; background: #fff; }
          a { color: #000; }
          a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .8em; }
          .versions { display: block; }
        }
        """
}

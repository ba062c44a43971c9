package erd

// emitSVGFiles writes one diagram per domain and one of the whole schema.
// Boxes link to the HTML site, so an SVG opened in a browser is browsable too.
func emitSVGFiles(c *catalog, files map[string][]byte) error {
	notice := header(c.schema)
	for _, d := range c.domains {
		page := svgPath(d.Slug)
		files[page] = drawSVG(c.domainScene(d, tableLinks(page)), notice, true)
	}
	page := svgPath("all")
	domainLinks := func(slug string) string { return rel(page, domainHTMLPath(slug)) }
	files[page] = drawSVG(c.allScene(tableLinks(page), domainLinks), notice, true)
	return nil
}

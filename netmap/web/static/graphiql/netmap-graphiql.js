// GraphiQL for netmap: Strawberry's GraphiQL page script (strawberry/static/graphiql.html),
// kept in a file of its own so the page needs no inline script.
(function () {
  const EXAMPLE_QUERY = `# netmap's GraphQL API.
#
# Most questions need a token: open "Headers" below and paste
#   {"Authorization": "Bearer nm_..."}
# (netmap serve prints one in development mode; netmap token create makes one).
#
# Run a query with Ctrl-Enter or the play button.

{
  me { subject role }
}
`;

  const parameters = {};
  for (const entry of window.location.search.slice(1).split("&")) {
    const eq = entry.indexOf("=");
    if (eq >= 0) {
      parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(entry.slice(eq + 1));
    }
  }

  function updateURL(data) {
    Object.assign(parameters, data);
    const newSearch =
      "?" +
      Object.keys(parameters)
        .filter((key) => Boolean(parameters[key]))
        .map((key) => encodeURIComponent(key) + "=" + encodeURIComponent(parameters[key]))
        .join("&");
    history.replaceState(null, null, newSearch);
  }

  const fetchURL = window.location.href.split("?")[0];
  const defaultHeaders = {};
  const csrfToken = Cookies.get("csrftoken");
  if (csrfToken) {
    defaultHeaders["x-csrftoken"] = csrfToken;
  }
  const fetcher = GraphiQL.createFetcher({ url: fetchURL, headers: defaultHeaders });

  function GraphiQLWithExplorer() {
    const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
    const [variables, setVariables] = React.useState(parameters.variables);
    const [headers, setHeaders] = React.useState(parameters.headers);
    const explorerPlugin = GraphiQLPluginExplorer.explorerPlugin();
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      plugins: [explorerPlugin],
      query: query,
      variables: variables,
      headers: headers,
      onEditQuery: (q) => { setQuery(q); updateURL({ q: q }); },
      onEditVariables: (v) => { setVariables(v); updateURL({ variables: v }); },
      onEditHeaders: setHeaders,
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQLWithExplorer));
})();

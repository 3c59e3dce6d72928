// esbuild bundles the page's stylesheet into appserver/static/setup/main.css.
declare module '*.css';

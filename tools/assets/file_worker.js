// balsel docs site (tools/build_docs.py): search opened from file://, written for this site.
// mkdocs-material searches in a Web Worker, and browsers refuse to start a Worker from a file:// page. Opened from
// disk (and only then), `Worker` is this stand-in: the worker's script runs in a hidden iframe of this page's own
// origin, and messages go both ways as "message" events, as they would to and from a Worker. The index comes from
// search/search_index.js, a plain script (tools/site_hooks.py writes it). Served over http(s), nothing changes.
(() => {
  if (location.protocol !== "file:") return;
  class FileWorker extends EventTarget {
    constructor(url) {
      super();
      this.pending = [];
      this.frame = document.createElement("iframe");
      Object.assign(this.frame, {hidden: true, tabIndex: -1, title: "search index"});
      this.frame.setAttribute("aria-hidden", "true");
      (document.body || document.documentElement).appendChild(this.frame);
      const win = this.frame.contentWindow;
      // the worker's `postMessage(result)`: an event on this object, its data copied into this page's realm
      win.postMessage = data => setTimeout(() => this.dispatchEvent(new MessageEvent("message", {data: structuredClone(data)})));
      const script = win.document.createElement("script");
      script.src = new URL(url, location.href).href;
      script.onload = () => { this.win = win; this.pending.splice(0).forEach(data => this.postMessage(data)); };
      script.onerror = () => this.dispatchEvent(new Event("error"));
      win.document.head.appendChild(script);
    }
    postMessage(data) {
      const win = this.win;
      if (!win) return void this.pending.push(data);
      setTimeout(() => win.dispatchEvent(new win.MessageEvent("message", {data: win.structuredClone(data)})));
    }
    terminate() { this.frame.remove(); }
  }
  window.Worker = FileWorker;
})();

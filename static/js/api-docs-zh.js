/* The API docs page. Chinese labels for Swagger UI's fixed words (it has no translations of its own): every text
   node or placeholder that is exactly one of these words is replaced, now and as the UI redraws. */
(function () {
  "use strict";
  var WORDS = {
    "Try it out": "试一试", "Cancel": "取消", "Execute": "执行", "Clear": "清除",
    "Parameters": "参数", "No parameters": "无参数", "Responses": "响应", "Response": "响应",
    "Name": "名称", "Description": "说明", "Code": "状态码", "Links": "链接", "No links": "无链接",
    "Request URL": "请求地址", "Request body": "请求正文", "Server response": "服务器响应",
    "Response body": "响应正文", "Response headers": "响应头", "Details": "详情", "Download": "下载",
    "Media type": "媒体类型", "Controls Accept header.": "决定 Accept 请求头。",
    "Example Value": "示例", "Schema": "结构", "Schemas": "数据结构", "Servers": "服务器",
    "Loading...": "正在加载……", "Undocumented": "未说明", "required": "必填",
    "Expand all": "全部展开", "Collapse all": "全部收起", "Filter by tag": "按标签筛选",
    "Copy to clipboard": "复制到剪贴板", "Explore": "浏览"
  };
  function translate(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
    var node;
    while ((node = walker.nextNode())) {
      var key = node.nodeValue.trim();
      if (key && Object.prototype.hasOwnProperty.call(WORDS, key)) {
        node.nodeValue = node.nodeValue.replace(key, WORDS[key]);
      }
    }
    var labelled = root.querySelectorAll ? root.querySelectorAll("[title], [aria-label], [placeholder]") : [];
    Array.prototype.forEach.call(labelled, function (element) {
      ["title", "aria-label", "placeholder"].forEach(function (name) {
        var value = element.getAttribute(name);
        if (value && Object.prototype.hasOwnProperty.call(WORDS, value)) {
          element.setAttribute(name, WORDS[value]);
        }
      });
    });
  }
  /* Code samples that scroll sideways can be reached and scrolled by keyboard. */
  function focusable(root) {
    var blocks = root.querySelectorAll ? root.querySelectorAll("pre, .curl, .example, .microlight") : [];
    Array.prototype.forEach.call(blocks, function (element) {
      if (!element.hasAttribute("tabindex")) { element.setAttribute("tabindex", "0"); }
    });
  }
  var target = document.getElementById("swagger-ui");
  if (!target || !window.MutationObserver) { return; }
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; translate(target); focusable(target); });
  }).observe(target, { childList: true, subtree: true, characterData: true });
  translate(target);
  focusable(target);
}());

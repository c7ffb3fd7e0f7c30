// jxjy: small progressive enhancements. Every page works without this file.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // A page that came back at a fragment (获取验证码 posts to …#sms_code) skips autofocus in every
  // browser: focus the field it meant, so typing the code can start at once.
  var wanted = document.querySelector('[autofocus]');
  if (wanted && document.activeElement !== wanted) wanted.focus({ preventScroll: !!window.location.hash });

  // 获取验证码: count the wait down on the button ("58 秒后重新获取"), then offer it again.
  document.querySelectorAll('button[data-countdown]').forEach(function (button) {
    var left = parseInt(button.getAttribute('data-countdown'), 10);
    if (!(left > 0)) return;
    var label = button.textContent;
    var tick = function () {
      if (left <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.disabled = true;
      button.textContent = left + ' 秒后重新获取';
      left -= 1;
      window.setTimeout(tick, 1000);
    };
    tick();
  });

  // A confirmation or an error at the top of a result: bring it into view and give it focus,
  // so the eye and a screen reader land on it.
  var result = document.querySelector('[data-focus-on-load]');
  if (result) {
    if (!result.hasAttribute('tabindex')) result.setAttribute('tabindex', '-1');
    result.focus({ preventScroll: true });
    result.scrollIntoView({ block: 'center' });
  }

  // 学分申报: show only the fields of the chosen kind, and the credits the claim is worth from the
  // table the server wrote (its own rule); the server still checks every field on submission.
  var kind = document.querySelector('select[data-claim-kind]');
  if (kind) {
    var table = {};
    try { table = JSON.parse(kind.getAttribute('data-credit-table') || '{}'); } catch (e) { table = {}; }
    var form = kind.form;
    var preview = document.getElementById('claim-preview');
    var value = function (name) {
      var input = form.elements[name];
      return input && !input.disabled ? String(input.value).trim() : '';
    };
    var update = function () {
      var k = kind.value;
      document.querySelectorAll('[data-kinds]').forEach(function (field) {
        var on = field.getAttribute('data-kinds').split(' ').indexOf(k) >= 0;
        field.hidden = !on;
        field.querySelectorAll('input, select').forEach(function (input) { input.disabled = !on; });
      });
      var role = form.elements.role;
      if (role) {
        Array.prototype.forEach.call(role.options, function (option) {
          var of = option.getAttribute('data-roles-of');
          if (of === null) return;
          var on = of.split(' ').indexOf(k) >= 0;
          option.hidden = !on;
          option.disabled = !on;
          if (!on && option.selected) role.value = '';
        });
      }
      if (!preview) return;
      var count = k === 'exam' ? value('subjects') : k === 'conference' ? value('days') : '0';
      var credits = table[k + ':' + value('role') + ':' + (count || '')];
      preview.textContent = credits
        ? '本次申报可折算 ' + credits + ' 学分'
        : '选择申报类型并填写' + (k === 'exam' ? '通过科目数' : k === 'conference' ? '参会天数' : k ? '本人角色' : '相应内容') + '后，这里显示可折算的学分。';
    };
    form.addEventListener('change', update);
    form.addEventListener('input', update);
    update();
  }
})();
